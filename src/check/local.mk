## src/check/local.mk -- included by Makefile.am.  The check layer:
## numerical differentiation, the objectives it differentiates, the check
## itself, the causes of what it finds, and its reports.  Uses core.

src_libbackprop_la_SOURCES += \
	src/check/numdiff.c \
	src/check/convention.c \
	src/check/forward.c \
	src/check/perturb.c \
	src/check/gradcheck.c \
	src/check/causes.c \
	src/check/report.c \
	src/check/verdict.c
pkginclude_HEADERS += \
	src/backprop/numdiff.h \
	src/backprop/convention.h \
	src/backprop/forward.h \
	src/backprop/perturb.h \
	src/backprop/gradcheck.h \
	src/backprop/causes.h \
	src/backprop/report.h \
	src/backprop/verdict.h

TAP_PROGS += checks/t-gradcheck checks/t-perturb checks/t-convention \
	checks/t-forward checks/t-verdict checks/t-causes
checks_t_gradcheck_LDADD = checks/libtap.la $(LDADD)
checks_t_causes_LDADD = checks/libtap.la $(LDADD)
checks_t_perturb_LDADD = checks/libtap.la $(LDADD)
checks_t_convention_LDADD = checks/libtap.la $(LDADD)
checks_t_forward_LDADD = checks/libtap.la $(LDADD)
checks_t_verdict_LDADD = checks/libtap.la $(LDADD)
