import Glibc

exit(DatabaseBenchmark.run(CommandLine.arguments))
