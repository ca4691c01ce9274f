from mobility_advisor.cli.app import main

main()
