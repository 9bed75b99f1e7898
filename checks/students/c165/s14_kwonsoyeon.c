/* Kwon Soyeon -- HW2 backward */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sum the batch dimension (rows) */
static void batch_sum(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t i;
    gsl_vector_set_zero(db);
    for (i = 0; i < dZ->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dZ, i);
        gsl_vector_add(db, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (prob - y_onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);   /* mean over the batch */
    for (i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p -= 1.0;
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    batch_sum(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 where z1 > 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? d : 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    batch_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
