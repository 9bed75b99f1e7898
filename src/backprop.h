/* backprop.h -- the public interface of libbackprop.
 *
 * A two-layer network (net.h), its seven gradients and the type of a
 * backward pass (grads.h), the reference backward pass (backward.h), the
 * bug zoo (bugs.h), the gradient check (numdiff.h, convention.h,
 * forward.h, perturb.h, gradcheck.h, causes.h, report.h, verdict.h), a
 * sandbox that runs a student's backward pass and finds the line of each
 * store (sandbox.h), the problem a check works on and its sources: the toy
 * net, numpy arrays, a student's Python file (problem.h, npy.h,
 * python.h), a student's Python loss as a server for training
 * (pyserve.h), data sets (idx.h, cifar.h, dataset.h, data.h), training
 * (train.h), models (model.h) and plots (plot.h).  Build with
 * `pkg-config --cflags --libs backprop`: it names the CBLAS that configure
 * chose, so GSL's slow reference CBLAS is not pulled in. */

#ifndef BACKPROP_H
#define BACKPROP_H

#include "backprop/blas.h"
#include "backprop/error.h"
#include "backprop/net.h"
#include "backprop/grads.h"
#include "backprop/backward.h"
#include "backprop/bugs.h"
#include "backprop/numdiff.h"
#include "backprop/convention.h"
#include "backprop/forward.h"
#include "backprop/perturb.h"
#include "backprop/gradcheck.h"
#include "backprop/causes.h"
#include "backprop/report.h"
#include "backprop/verdict.h"
#include "backprop/sandbox.h"
#include "backprop/problem.h"
#include "backprop/npy.h"
#include "backprop/idx.h"
#include "backprop/dataset.h"
#include "backprop/cifar.h"
#include "backprop/data.h"
#include "backprop/train.h"
#include "backprop/model.h"
#include "backprop/python.h"
#include "backprop/pyserve.h"
#include "backprop/plot.h"
#include "backprop/guard.h"

#endif /* BACKPROP_H */
