## src/train/local.mk -- included by Makefile.am.  The train layer:
## minibatch SGD and the plots of its history.  Uses core, check and io.
##
## Batches and the parameter update run their loops with OpenMP where the
## compiler has it (AM_CFLAGS carries configure's OPENMP_CFLAGS): BLIS's own
## OpenMP threads take them between matrix products.

src_libbackprop_all_la_SOURCES += \
	src/train/loop.h \
	src/train/train.c \
	src/train/sgd-fast.c \
	src/train/plot.c \
	src/train/guard.c
pkginclude_HEADERS += \
	src/backprop/train.h \
	src/backprop/plot.h \
	src/backprop/guard.h

TAP_PROGS += checks/t-train checks/t-sgd-fast
