import Foundation
import Testing
import TestSupport
@testable import Common

/// GET_LOCK across two connections (two workers): one holder at a time, freed by release or by the holder's
/// connection closing, and scoped to its database.
@Suite struct NamedLockTests {
    @Test func oneHolderAtATimeFreedByReleaseOrDisconnect() throws {
        let settings = try MariaDBServer.shared().makeMigratedDatabase("namedlock")
        let a = try MySQLConnection(settings), b = try MySQLConnection(settings)
        let lock = NamedLock("address:7")
        #expect(try lock.acquire(on: a))
        #expect(try !lock.acquire(on: b), "held by the other connection")
        #expect(try NamedLock("address:8").acquire(on: b), "another name is another lock")
        try lock.release(on: a)
        #expect(try lock.acquire(on: b))

        var holder: MySQLConnection? = try MySQLConnection(settings)
        let other = NamedLock("address:9")
        #expect(try other.acquire(on: holder!))
        #expect(try !other.acquire(on: a))
        holder = nil
        #expect(try other.acquire(timeoutSeconds: 5, on: a), "a closed connection frees its locks")

        let elsewhere = try MySQLConnection(try MariaDBServer.shared().makeMigratedDatabase("namedlock"))
        #expect(try lock.acquire(on: elsewhere), "the same name in another database is another lock")
    }
}
