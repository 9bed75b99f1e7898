/* backprop.h -- the public interface of libbackprop.
 *
 * A two-layer network (net.h), its seven gradients and the type of a
 * backward pass (grads.h), the bug zoo (bugs.h), the gradient check
 * (numdiff.h, perturb.h, gradcheck.h, causes.h, report.h), loaders of the
 * toy net, numpy arrays and data sets (toy.h, npy.h, idx.h, cifar.h,
 * data.h), training (train.h), models (model.h) and plots (plot.h).  Build with
 * `pkg-config --cflags --libs backprop`: it names the CBLAS that configure
 * chose, so GSL's slow reference CBLAS is not pulled in. */

#ifndef BACKPROP_H
#define BACKPROP_H

#include "blas.h"
#include "error.h"
#include "net.h"
#include "grads.h"
#include "toy.h"
#include "bugs.h"
#include "npy.h"
#include "numdiff.h"
#include "perturb.h"
#include "gradcheck.h"
#include "causes.h"
#include "report.h"
#include "idx.h"
#include "cifar.h"
#include "data.h"
#include "train.h"
#include "model.h"
#include "plot.h"

#endif /* BACKPROP_H */
