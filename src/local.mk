## src/local.mk -- included by Makefile.am.  The programs, gradcheck and
## nntrain: options, calls into the library, printing.  Their shared
## command-line pieces are in src/cli.c.

bin_PROGRAMS += src/gradcheck src/nntrain
src_gradcheck_SOURCES = src/main-gradcheck.c src/cli.c src/cli.h
src_gradcheck_LDADD = $(PROGRAM_LIBS)
src_gradcheck_LDFLAGS = $(PROGRAM_LINK_FLAGS)
src_nntrain_SOURCES = src/nntrain.c src/foreign.c src/foreign.h src/cli.c \
	src/cli.h
src_nntrain_LDADD = $(PROGRAM_LIBS)
src_nntrain_LDFLAGS = $(PROGRAM_LINK_FLAGS)
dist_man_MANS += man/gradcheck.1 man/nntrain.1

# A student-style backward pass, built as a shared object for --backward.
check_LTLIBRARIES += checks/bk-user.la
checks_bk_user_la_SOURCES = checks/bk-user.c
checks_bk_user_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
TESTS += checks/gradcheck-cli.sh checks/npy-numpy.sh checks/nntrain-errors.sh
EXTRA_DIST += checks/gradcheck-cli.sh checks/npy-numpy.sh \
	checks/npy-cases.py checks/nntrain-errors.sh

# numpy's archives and the names in an --npy directory: what was loaded,
# printed by checks/npy-dump, against what numpy saved.
check_PROGRAMS += checks/npy-dump
checks_npy_dump_LDADD = $(BACKPROP_LIBS)
TESTS += checks/npz-numpy.sh
EXTRA_DIST += checks/npz-numpy.sh checks/npz-cases.py

# The independent sets of students' code (checks/students/), labelled by
# centred differences of each student's own loss, judged through each
# route: --npy (saved as numpy users save), --python and --backward.
TESTS += checks/students-npy.sh checks/students-python.sh \
	checks/students-c.sh checks/npy-conventions.sh checks/python-errors.sh
EXTRA_DIST += checks/students-npy.sh checks/students-python.sh \
	checks/students-c.sh checks/students/score.py checks/students/py \
	checks/npy-conventions.sh checks/npy-conventions.py \
	checks/python-errors.sh checks/nntrain-backward.sh \
	checks/nntrain-python.sh

# Training with a foreign backward pass: a student's shared object (the
# objects of checks/sandbox/), a student's Python file, or a bug of the
# zoo, checked as it trains.
TESTS += checks/nntrain-backward.sh checks/nntrain-python.sh
