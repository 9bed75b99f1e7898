## src/core/local.mk -- included by Makefile.am.  The core layer: the
## network (parameters, layers, forward pass, loss, reference backward),
## the seven-gradient record and the bug zoo.  It uses nothing above it.

src_libbackprop_la_SOURCES += \
	src/core/error.c \
	src/core/net.c \
	src/core/grads.c \
	src/core/backward.c \
	src/core/bugs.c
pkginclude_HEADERS += \
	src/backprop/error.h \
	src/backprop/net.h \
	src/backprop/grads.h \
	src/backprop/backward.h \
	src/backprop/bugs.h

TAP_PROGS += checks/t-net checks/t-backward checks/t-alloc checks/t-bugs
checks_t_net_LDADD = checks/libtap.la $(LDADD)
checks_t_backward_LDADD = checks/libtap.la $(LDADD)
checks_t_alloc_LDADD = checks/libtap.la $(LDADD)
checks_t_bugs_LDADD = checks/libtap.la $(LDADD)
