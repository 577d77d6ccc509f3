import Common
#if canImport(Glibc)
import Glibc
#endif

print("excc-simnet \(Version.app)")
exit(0)
