import Foundation

exit(VoteBenchmark.main(arguments: Array(CommandLine.arguments.dropFirst())))
