## src/io/local.mk -- included by Makefile.am.  The io layer: problems
## read from files (the toy net, numpy arrays, models) and data sets (IDX,
## CIFAR-10), and the data directory.  Uses core.

# The CS231n toy net is built into the library (bp_problem_toy), so that
# gradcheck needs no file: data/toy.txt as a C string.
BUILT_SOURCES += src/io/toy-text.h
nodist_src_libbackprop_all_la_SOURCES = src/io/toy-text.h
CLEANFILES += src/io/toy-text.h
src/io/toy-text.h: data/toy.txt
	$(AM_V_GEN)$(MKDIR_P) src/io && \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(srcdir)/data/toy.txt >$@-t && mv $@-t $@

src_libbackprop_all_la_SOURCES += \
	src/io/problem.c src/io/toy.c src/io/npy.c \
	src/io/npz.c src/io/npy-problem.c src/io/dataset.c \
	src/io/idx.c src/io/cifar.c src/io/data.c \
	src/io/model.c src/io/python.c src/io/pyserve.c \
	src/io/pychild.h
pkginclude_HEADERS += \
	src/backprop/problem.h src/backprop/npy.h src/backprop/dataset.h \
	src/backprop/idx.h src/backprop/cifar.h src/backprop/data.h \
	src/backprop/model.h src/backprop/python.h src/backprop/pyserve.h

TAP_PROGS += checks/t-npy checks/t-idx checks/t-cifar checks/t-model \
	checks/t-python checks/t-pyserve
checks_t_idx_LDADD = $(LDADD) $(ZLIB_LIBS)
checks_t_cifar_LDADD = $(LDADD) $(ZLIB_LIBS)
checks_t_model_LDADD = $(LDADD) $(ZLIB_LIBS)
EXTRA_DIST += \
	checks/py-serve/net.py \
	checks/py-serve/bad-grads.py \
	checks/py-serve/exit.py \
	checks/py-serve/fast.py \
	checks/py-serve/inplace.py \
	checks/py-serve/noisy.py \
	checks/py-serve/segv.py

# Loaders of untrusted files: the fuzzers' corpus replayed (make fuzz
# builds and runs the fuzzers themselves, see fuzz/fuzz.am).
TAP_PROGS += checks/t-replay
checks_t_replay_SOURCES = checks/t-replay.c checks/loaders.c checks/loaders.h
EXTRA_DIST += checks/fuzz

# The small Fashion-MNIST subset, and the program that made it from the
# full data set (built only on demand: make data/make-subset).
fmnistsubsetdir = $(pkgdatadir)/fashion-mnist-subset
dist_fmnistsubset_DATA = \
	data/fashion-mnist-subset/train-images-idx3-ubyte.gz \
	data/fashion-mnist-subset/train-labels-idx1-ubyte.gz \
	data/fashion-mnist-subset/t10k-images-idx3-ubyte.gz \
	data/fashion-mnist-subset/t10k-labels-idx1-ubyte.gz \
	data/fashion-mnist-subset/README
EXTRA_PROGRAMS += data/make-subset
data_make_subset_SOURCES = data/make-subset.c
data_make_subset_LDADD = $(BACKPROP_LIBS)
