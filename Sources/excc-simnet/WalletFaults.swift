/// The faults one simulated wallet can be switched into at run time (`simfault`).
struct WalletFaults: Codable, Equatable {
    /// Refuses connections (listener closed).
    var down = false
    /// Added to every answer.
    var latencyMs = 0
    /// `walletinfo.unlocked` false; signing calls fail with −13.
    var locked = false
    /// `walletinfo.daemonconnected` false; forwarded and chain-dependent calls fail with −9.
    var disconnected = false
    /// `createmultisig` answers another script and `listscripts`/imports lose scripts.
    var inconsistent = false
    /// The server presents a new certificate (rpc.cert on disk stays the old one).
    var tlsChanged = false
}
