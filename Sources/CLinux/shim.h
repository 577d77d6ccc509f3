/* Linux interfaces Glibc's Swift module does not import: epoll, prctl (variadic), TCP_INFO. */
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <malloc.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

/* prctl is variadic, so Swift cannot call it directly. */
static inline int clinux_set_parent_death_signal(int sig) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0UL, 0UL, 0UL);
}

/* The accept queue of a listening unix socket, as `ss -xl` shows it: Linux reports it only over
   sock_diag netlink (UNIX_DIAG_RQLEN: current queue, backlog). Returns 0 on success, -1 otherwise. */
static inline int clinux_unix_listen_queue(int listen_fd, unsigned int *queued, unsigned int *backlog) {
    struct stat st;
    if (fstat(listen_fd, &st) != 0) return -1;
    int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (nl < 0) return -1;
    struct { struct nlmsghdr header; struct unix_diag_req request; } message;
    memset(&message, 0, sizeof message);
    message.header.nlmsg_len = sizeof message;
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = NLM_F_REQUEST;
    message.request.sdiag_family = AF_UNIX;
    message.request.udiag_states = 1U << 10;               /* TCP_LISTEN */
    message.request.udiag_ino = (unsigned int)st.st_ino;
    message.request.udiag_show = UDIAG_SHOW_RQLEN;
    message.request.udiag_cookie[0] = message.request.udiag_cookie[1] = ~0U;
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    int result = -1;
    if (sendto(nl, &message, sizeof message, 0, (struct sockaddr *)&kernel, sizeof kernel) == (ssize_t)sizeof message) {
        long buffer[1024];
        ssize_t length = recv(nl, buffer, sizeof buffer, 0);
        struct nlmsghdr *reply = (struct nlmsghdr *)buffer;
        if (length > 0 && NLMSG_OK(reply, (unsigned int)length) && reply->nlmsg_type == SOCK_DIAG_BY_FAMILY) {
            struct unix_diag_msg *diag = NLMSG_DATA(reply);
            int attributes = (int)(reply->nlmsg_len - NLMSG_LENGTH(sizeof *diag));
            for (struct rtattr *attr = (struct rtattr *)(diag + 1); RTA_OK(attr, attributes); attr = RTA_NEXT(attr, attributes)) {
                if (attr->rta_type == UNIX_DIAG_RQLEN) {
                    struct unix_diag_rqlen *rq = RTA_DATA(attr);
                    *queued = rq->udiag_rqueue;
                    *backlog = rq->udiag_wqueue;
                    result = 0;
                }
            }
        }
    }
    close(nl);
    return result;
}

/* glibc heap tuning (malloc.h is not in Glibc's module): keep freed heap up to `keep_bytes` instead of
   returning it to the kernel, and serve blocks below `mmap_threshold` from the heap. 1 on success. */
static inline int clinux_keep_heap(int mmap_threshold, int keep_bytes) {
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) && mallopt(M_TRIM_THRESHOLD, keep_bytes);
}

/* GNU extensions Glibc's module hides (it is built without _GNU_SOURCE). */
struct sockaddr;
extern int pipe2(int pipefd[2], int flags);
extern int accept4(int sockfd, struct sockaddr *addr, unsigned int *addrlen, int flags);
