import Common
#if canImport(Glibc)
import Glibc
#endif

print("stakepoold \(Version.app)")
exit(0)
