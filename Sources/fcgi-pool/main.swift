#if canImport(Glibc)
import Glibc
#endif

exit(PoolCommand.run(arguments: CommandLine.arguments))
