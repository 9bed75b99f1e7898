## src/core/local.mk -- included by Makefile.am.  The core layer: the
## BLAS kernel's choice, the network (parameters, layers, forward pass,
## loss, reference backward), the seven-gradient record and the bug zoo.
## It uses nothing above it.

src_libbackprop_all_la_SOURCES += \
	src/core/blas.c src/core/error.c src/core/net.c \
	src/core/grads.c src/core/backward.c src/core/bugs.c \
	src/core/layout.h src/core/proc.c src/core/proc.h \
	src/core/stages.h src/core/bigmem.c src/core/bigmem.h
pkginclude_HEADERS += \
	src/backprop/blas.h src/backprop/error.h src/backprop/net.h \
	src/backprop/grads.h src/backprop/backward.h src/backprop/bugs.h

TAP_PROGS += checks/t-net checks/t-backward checks/t-alloc checks/t-bugs \
	checks/t-blas

# The BLAS kernel that programs run, with its variables set and unset.
TESTS += checks/blas.sh
EXTRA_DIST += checks/blas.sh
