import Common
#if canImport(Glibc)
import Glibc
#endif

print("fcgi-pool \(Version.app)")
exit(0)
