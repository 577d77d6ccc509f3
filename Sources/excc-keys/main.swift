import Common
#if canImport(Glibc)
import Glibc
#endif

print("excc-keys \(Version.app)")
exit(0)
