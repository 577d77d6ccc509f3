import Common
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == ReloadCommand.name {
    exit(ReloadCommand.run(arguments: Array(arguments.dropFirst())))
}
switch ConfigCommand.stakepoold(arguments: arguments) {
case .exit(let code):
    exit(code)
case .run(let loaded):
    guard ConfigCommand.startLog(loaded, program: "stakepoold") else { exit(1) }
    exit(Stakepoold.run(loaded, arguments: arguments))
}
