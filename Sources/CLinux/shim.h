/* Linux interfaces Glibc's Swift module does not import: epoll, prctl (variadic), TCP_INFO. */
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/* prctl is variadic, so Swift cannot call it directly. */
static inline int clinux_set_parent_death_signal(int sig) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0UL, 0UL, 0UL);
}

/* GNU extensions Glibc's module hides (it is built without _GNU_SOURCE). */
struct sockaddr;
extern int pipe2(int pipefd[2], int flags);
extern int accept4(int sockfd, struct sockaddr *addr, unsigned int *addrlen, int flags);
