## src/check/local.mk -- included by Makefile.am.  The check layer:
## numerical differentiation, the objectives it differentiates, the check
## itself, the causes of what it finds, its reports, and the sandbox that
## runs a student's backward pass.  Uses core.

src_libbackprop_la_SOURCES += \
	src/check/numdiff.c \
	src/check/convention.c \
	src/check/forward.c \
	src/check/perturb.c \
	src/check/gradcheck.c \
	src/check/causes.c \
	src/check/report.c \
	src/check/verdict.c \
	src/check/sandbox.c
pkginclude_HEADERS += \
	src/backprop/numdiff.h \
	src/backprop/convention.h \
	src/backprop/forward.h \
	src/backprop/perturb.h \
	src/backprop/gradcheck.h \
	src/backprop/causes.h \
	src/backprop/report.h \
	src/backprop/verdict.h \
	src/backprop/sandbox.h

TAP_PROGS += checks/t-gradcheck checks/t-perturb checks/t-convention \
	checks/t-forward checks/t-verdict
checks_t_gradcheck_LDADD = checks/libtap.la $(LDADD)
checks_t_perturb_LDADD = checks/libtap.la $(LDADD)
checks_t_convention_LDADD = checks/libtap.la $(LDADD)
checks_t_forward_LDADD = checks/libtap.la $(LDADD)
checks_t_verdict_LDADD = checks/libtap.la $(LDADD)

# The sandbox reads line information with libdw, when configure found it.
src_libbackprop_la_LIBADD += $(LIBDW_LIBS)

