/* backward.c  (2nd attempt)
 *
 * dW1 and db1 failed last time because dz1 was wrong.  dz1 is right now.
 * dW1 done with rank-1 updates (dger), one per sample.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#ifdef DEBUG
static int dbg = 1;
#else
static int dbg = 0;
#endif

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t n, h;
    int nactive = 0;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = 2 reg W2 + sum_n p1_n dz2_n^T */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, n);
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz2, n);
        gsl_blas_dger(1.0, &a.vector, &d.vector, g->dW2);
    }

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz2, n);
        gsl_vector_add(g->db2, &d.vector);
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            if (gsl_matrix_get(cache->z1, n, h) > 0) {
                gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(g->dp1, n, h));
                nactive++;
            } else {
                gsl_matrix_set(g->dz1, n, h, 0.0);
            }
        }
    if (dbg)
        fprintf(stderr, "%d of %zu units active\n", nactive, N * H);

    /* dW1 = 2 reg W1 + sum_n x_n dz1_n^T */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view a = gsl_matrix_const_row(X, n);
        gsl_vector_const_view d = gsl_matrix_const_row(g->dp1, n);   /* FIXME? */
        gsl_blas_dger(1.0, &a.vector, &d.vector, g->dW1);
    }

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz1, n);
        gsl_vector_add(g->db1, &d.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
