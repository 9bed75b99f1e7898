## python/local.mk -- included by Makefile.am.  The Python side of
## gradcheck --python: the package backprop_check, which runs a student's
## Python two-layer net and saves what gradcheck --npy reads (the contract
## is the package's docstring, python/backprop_check/__init__.py), and its
## tests.  Installed into $(pythondir)/backprop_check; C code finds it
## through PYTHONDIR (AM_CPPFLAGS) and the interpreter through BP_PYTHON
## (config.h).

backprop_checkdir = $(pythondir)/backprop_check
backprop_check_sources = \
	python/backprop_check/__init__.py \
	python/backprop_check/run.py \
	python/backprop_check/student.py \
	python/backprop_check/trace.py \
	python/backprop_check/identify.py \
	python/backprop_check/problem.py \
	python/backprop_check/collect.py \
	python/backprop_check/serve.py \
	python/backprop_check/notebook.py
if HAVE_PYTHON
backprop_check_PYTHON = $(backprop_check_sources)
endif
EXTRA_DIST += $(backprop_check_sources)

# Tests: checks/py-run.py runs the package on students' files (correct ones
# in the conventions students use, buggy ones with the line of the bug
# labelled in labels.tsv, and files that cannot run, in errors.tsv).
# It skips when no Python with numpy is found.
TESTS += checks/py-run.sh
EXTRA_DIST += checks/py-run.sh checks/py-run.py \
	checks/py-students/bug-db1-unmasked.py \
	checks/py-students/bug-double-n.py \
	checks/py-students/bug-dw2-z1.py \
	checks/py-students/bug-loops-double-n.py \
	checks/py-students/bug-half-mismatch.py \
	checks/py-students/bug-mask-sign.py \
	checks/py-students/bug-no-mask.py \
	checks/py-students/bug-no-onehot.py \
	checks/py-students/bug-no-reg.py \
	checks/py-students/bug-reg-inplace.py \
	checks/py-students/bug-relu-helper.py \
	checks/py-students/correct-bias-reg.py \
	checks/py-students/correct-half.py \
	checks/py-students/correct-late-all.py \
	checks/py-students/correct-late-n.py \
	checks/py-students/correct-loops.py \
	checks/py-students/correct-mean.py \
	checks/py-students/correct-self.py \
	checks/py-students/correct-sum.py \
	checks/py-students/err-b1-axis.py \
	checks/py-students/err-import.py \
	checks/py-students/err-init.py \
	checks/py-students/err-loop.py \
	checks/py-students/err-loss-only.py \
	checks/py-students/err-nan.py \
	checks/py-students/err-nob2.py \
	checks/py-students/err-noclass.py \
	checks/py-students/err-noloss.py \
	checks/py-students/err-raise.py \
	checks/py-students/err-scores.py \
	checks/py-students/err-syntax.py \
	checks/py-students/errors.tsv \
	checks/py-students/labels.tsv \
	checks/py-students/pkg/cs231n/__init__.py \
	checks/py-students/pkg/cs231n/layers.py \
	checks/py-students/pkg/cs231n/classifiers/__init__.py \
	checks/py-students/pkg/cs231n/classifiers/fc_net.py
