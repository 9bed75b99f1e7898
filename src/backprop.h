/* backprop.h -- the public interface of libbackprop.
 *
 * A two-layer network (net.h), its seven gradients and the type of a
 * backward pass (grads.h), and the loaders (toy.h).  Build with
 * `pkg-config --cflags --libs backprop`: it names the CBLAS that configure
 * chose, so GSL's slow reference CBLAS is not pulled in. */

#ifndef BACKPROP_H
#define BACKPROP_H

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

#endif /* BACKPROP_H */
