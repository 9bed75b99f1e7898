/* backward.c  (two-layer net, backprop)
 * get/set loops, j outer and i inner as in Fortran.  A1 is the relu
 * output (cache->p1), Z1 the pre-activation. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;
    gsl_matrix *dZ2, *dA1, *dZ1;
    gsl_matrix *R1, *R2;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    dZ2 = gsl_matrix_alloc (N, C);
    dA1 = gsl_matrix_alloc (N, H);
    dZ1 = gsl_matrix_alloc (N, H);
    R1 = gsl_matrix_alloc (D, H);
    R2 = gsl_matrix_alloc (H, C);

    /* dZ2 = (P - Y)/N */
    gsl_matrix_memcpy (dZ2, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_matrix_set (dZ2, i, y[i], gsl_matrix_get (dZ2, i, y[i]) - 1.0);
    }
    gsl_matrix_scale (dZ2, 1.0 / (double) N);
    gsl_matrix_memcpy (g->dz2, dZ2);

    /* dW2 = A1' dZ2 + 2 reg W2 */
    gsl_matrix_memcpy (R2, net->W2);
    gsl_matrix_scale (R2, 2.0 * reg);
    for (j = 0; j < C; j++) {
        for (k = 0; k < H; k++) {
            s = 0.0;
            for (i = 0; i < N; i++) {
                s += gsl_matrix_get (cache->p1, i, k) * gsl_matrix_get (dZ2, i, j);
            }
            gsl_matrix_set (g->dW2, k, j, s + gsl_matrix_get (R2, k, j));
        }
    }

    /* db2 = sum(dZ2,1) */
    for (j = 0; j < C; j++) {
        s = 0.0;
        for (i = 0; i < N; i++) {
            s += gsl_matrix_get (dZ2, i, j);
        }
        gsl_vector_set (g->db2, j, s);
    }

    /* dA1 = dZ2 W2' */
    for (k = 0; k < H; k++) {
        for (i = 0; i < N; i++) {
            s = 0.0;
            for (j = 0; j < C; j++) {
                s += gsl_matrix_get (dZ2, i, j) * gsl_matrix_get (net->W2, k, j);
            }
            gsl_matrix_set (dA1, i, k, s);
        }
    }
    gsl_matrix_memcpy (g->dp1, dA1);

    /* dZ1 = dA1 .* relu'(Z1) */
    gsl_matrix_memcpy (dZ1, dA1);
    gsl_matrix_mul_elements (dZ1, cache->p1);
    gsl_matrix_memcpy (g->dz1, dZ1);

    /* dW1 = X' dZ1 + 2 reg W1 */
    gsl_matrix_memcpy (R1, net->W1);
    gsl_matrix_scale (R1, 2.0 * reg);
    for (k = 0; k < H; k++) {
        for (j = 0; j < D; j++) {
            s = 0.0;
            for (i = 0; i < N; i++) {
                s += gsl_matrix_get (X, i, j) * gsl_matrix_get (dZ1, i, k);
            }
            gsl_matrix_set (g->dW1, j, k, s + gsl_matrix_get (R1, j, k));
        }
    }

    /* db1 = sum(dZ1,1) */
    for (k = 0; k < H; k++) {
        s = 0.0;
        for (i = 0; i < N; i++) {
            s += gsl_matrix_get (dZ1, i, k);
        }
        gsl_vector_set (g->db1, k, s);
    }

    gsl_matrix_free (dZ2);
    gsl_matrix_free (dA1);
    gsl_matrix_free (dZ1);
    gsl_matrix_free (R1);
    gsl_matrix_free (R2);

    g->present = BP_GRADS_ALL;
    return 0;
}
