"""What users give: answers files, outcomes files, organisation profiles."""
