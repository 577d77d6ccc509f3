import CLinux

/// glibc's heap settings for a worker. By default a freed block above the dynamic mmap threshold goes back
/// to the kernel, and so does a heap top above 128 KiB: a page of several MB (the tickets page of a large
/// user is 4.6 MB, copied a few times on its way out) then pays a page fault and a zeroed page for every
/// 4 KiB of every copy, on every request. Keeping up to `keepBytes` of freed heap costs at most that much
/// resident memory per worker (well under `poolmaxrss`) and makes those copies plain memory moves.
enum WorkerHeap {
    /// The largest mmap threshold glibc accepts on 64-bit (its DEFAULT_MMAP_THRESHOLD_MAX).
    static let mmapThreshold: Int32 = 32 << 20
    static let keepBytes: Int32 = 64 << 20

    /// Call once in the worker after fork, before serving.
    static func configure() {
        _ = clinux_keep_heap(mmapThreshold, keepBytes)
    }
}
