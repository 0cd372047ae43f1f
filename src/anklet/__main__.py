from anklet.cli.app import main

main()
