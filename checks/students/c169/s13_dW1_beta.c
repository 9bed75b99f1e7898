// backward.c -- Yara & Zoltan
// A: reg term first, then dgemm adds X^T dz1 on top
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* dscores */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double d = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) {
                d -= 1;
            }
            gsl_matrix_set(g->dz2, i, j, d / N);
        }
    }

    /* dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++) {
            s += gsl_matrix_get(g->dz2, i, j);
        }
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu backward */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }

    /* dW1 -- B: copied from dW2 above */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++) {
            s += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
