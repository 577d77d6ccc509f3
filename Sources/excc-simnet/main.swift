import Foundation

exit(SimnetCommand.run(Array(CommandLine.arguments.dropFirst())))
