/* layout.h -- the one block that holds a net's parameters, laid out the
 * same in bp_net's theta and in bp_grads' dtheta (private to the core
 * layer). */

#ifndef BP_LAYOUT_H
#define BP_LAYOUT_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Views of W1 (D, H), b1 (H), W2 (H, C) and b2 (C), in this order, one
 * after another in theta, which holds bp_net_size (D, H, C) values. */
void bp_layout_views (gsl_vector *theta, size_t D, size_t H, size_t C,
                      gsl_matrix_view *W1, gsl_vector_view *b1,
                      gsl_matrix_view *W2, gsl_vector_view *b2);

#endif /* BP_LAYOUT_H */
