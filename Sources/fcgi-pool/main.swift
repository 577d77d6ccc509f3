import Common
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "ctl" { exit(CtlCommand.run(arguments: Array(arguments.dropFirst()))) }
ExecTuning.apply()

switch ConfigCommand.pool(arguments: arguments) {
case .exit(let code):
    exit(code)
case .run(let loaded):
    guard ConfigCommand.startLog(loaded, program: "fcgi-pool") else { exit(1) }
    exit(PoolCommand.serve(loaded, arguments: arguments))
}
