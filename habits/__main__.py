from habits.cli import main

main()
