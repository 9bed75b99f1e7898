## src/check/local.mk -- included by Makefile.am.  The check layer:
## numerical differentiation, the objectives it differentiates, the check
## itself, the causes of what it finds, its reports, and the sandbox that
## runs a student's backward pass.  Uses core.

src_libbackprop_all_la_SOURCES += \
	src/check/numdiff.c src/check/convention.c src/check/forward.c \
	src/check/perturb.c src/check/gradcheck.c src/check/causes.c \
	src/check/report.c src/check/verdict.c src/check/sandbox.c \
	src/check/srctext.c src/check/srctext.h src/check/srcline.c \
	src/check/srcline.h src/check/srcloop.c src/check/srcloop.h \
	src/check/srccopy.c src/check/srccopy.h src/check/srcmacro.c \
	src/check/srcmacro.h src/check/srchelper.c src/check/srchelper.h \
	src/check/slice.c src/check/slice.h src/check/place.c \
	src/check/place.h
pkginclude_HEADERS += \
	src/backprop/numdiff.h src/backprop/convention.h src/backprop/forward.h \
	src/backprop/perturb.h src/backprop/gradcheck.h src/backprop/causes.h \
	src/backprop/report.h src/backprop/verdict.h src/backprop/sandbox.h

TAP_PROGS += checks/t-gradcheck checks/t-perturb checks/t-convention \
	checks/t-forward checks/t-verdict checks/t-causes

# The sandbox reads line information with libdw, when configure found it.
src_libbackprop_all_la_LIBADD += $(LIBDW_LIBS)

# The sandbox and its test.  The test runs the labelled students of
# checks/students/c, built as students build them (build.sh: cc -g -O0
# -shared -fPIC, without the sanitizers), c02 once more without -g, and
# the hostile passes of checks/sandbox-hostile.c; the build lands in
# checks/sandbox/ of the build tree.
TAP_PROGS += checks/t-sandbox
EXTRA_checks_t_sandbox_DEPENDENCIES = checks/sandbox/stamp
# The students' objects that it runs: checks/students.mk.
