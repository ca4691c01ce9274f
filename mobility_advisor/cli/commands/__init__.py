"""The command line's commands, one module each (cli/app.py registers them); what they share: common.py."""
