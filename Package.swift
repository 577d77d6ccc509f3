// swift-tools-version:6.0
import PackageDescription

// Toolchain only: no Swift package dependencies. C libraries come from Debian (see scripts/setup).
let package = Package(
    name: "exccstakepool",
    products: [
        .executable(name: "fcgi-pool", targets: ["fcgi-pool"]),
        .executable(name: "stakepoold", targets: ["stakepoold"]),
        .executable(name: "excc-simnet", targets: ["excc-simnet"]),
        .executable(name: "excc-keys", targets: ["excc-keys"]),
    ],
    targets: [
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CMySQL", path: "Sources/CMySQL",
                       pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL",
                       pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt", providers: [.apt(["libcrypt-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl",
                       pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSecp256k1", path: "Sources/CSecp256k1",
                       pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        // Linux-only libc interfaces (epoll, prctl, TCP_INFO) that Glibc's module does not import; fcgi-pool only.
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),

        .target(name: "Common", dependencies: ["CMySQL", "COpenSSL", "CCrypt", "CCurl", "CSecp256k1"]),

        .executableTarget(name: "fcgi-pool", dependencies: ["Common", "CFastCGI", "CLinux"]),
        .executableTarget(name: "stakepoold", dependencies: ["Common"]),
        .executableTarget(name: "excc-simnet", dependencies: ["Common"]),
        .executableTarget(name: "excc-keys", dependencies: ["Common"]),
        .executableTarget(name: "excc-bench-chain", dependencies: ["Common"]),
        .executableTarget(name: "excc-bench-db", dependencies: ["Common"]),
        // scripts/bench-vote: runs release stakepoold and excc-simnet binaries against a private MariaDB.
        .executableTarget(name: "excc-bench-vote", dependencies: ["Common", "TestSupport"]),

        .target(name: "TestSupport", dependencies: ["Common"], path: "Tests/TestSupport"),
        .testTarget(name: "CommonTests", dependencies: ["Common", "TestSupport"]),
        .testTarget(name: "ChainTests", dependencies: ["Common", "TestSupport"]),
        .testTarget(name: "AuthMailTests", dependencies: ["Common", "TestSupport"]),
        .testTarget(name: "WebTests", dependencies: ["fcgi-pool", "TestSupport"]),
        // Runs the built fcgi-pool binary behind a real nginx (build it first: swift build --build-tests).
        // Also unit-tests fcgi-pool's own types (@testable import fcgi_pool).
        .testTarget(name: "FcgiPoolTests", dependencies: ["fcgi-pool", "Common", "TestSupport"]),
        // Headless chromium through nginx → fcgi-pool → MariaDB (build first: swift build --build-tests).
        .testTarget(name: "EndToEndTests", dependencies: ["Common", "TestSupport"]),
        .testTarget(name: "RPCTests", dependencies: ["Common", "TestSupport"]),
        .testTarget(name: "SimnetTests", dependencies: ["Common", "TestSupport"]),
        .testTarget(name: "WalletTests", dependencies: ["fcgi-pool", "TestSupport"]),
        // Operations: nginx sample, backup/restore, scale-out web tier, upgrade from the Go original,
        // README config reference (runs the built binaries and scripts/; build first: swift build --build-tests).
        .testTarget(name: "OpsTests", dependencies: ["Common", "TestSupport"]),
        // Runs the built stakepoold and excc-simnet binaries against MariaDB (swift build --build-tests first).
        .testTarget(name: "StakepooldTests", dependencies: ["stakepoold", "Common", "TestSupport"]),
    ]
)
