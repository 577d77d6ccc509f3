import Foundation

exit(KeysTool.run(Array(CommandLine.arguments.dropFirst())))
