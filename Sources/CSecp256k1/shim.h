#include <secp256k1.h>
#include <secp256k1_recovery.h>
/* secp256k1_context_static is a mutable C global: Swift 6 mode rejects it. Read it through a function. */
static inline const secp256k1_context *csecp256k1_context_static(void) { return secp256k1_context_static; }
