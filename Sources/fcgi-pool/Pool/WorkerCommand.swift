/// What the master tells a worker over the worker's command pipe (one byte each). A worker reads
/// its pipe only between requests, so a command never interrupts a request in flight.
enum WorkerCommand: UInt8 {
    /// Finish the current request, then exit.
    case quit = 0x71      // "q"
    /// Reopen logs and run the app's reload hook (templates).
    case reload = 0x72    // "r"
}
