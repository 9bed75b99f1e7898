/* two-layer net, backward (Kang Haeun) */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* db = sum of the rows of dZ */
static void bias_backward(const gsl_matrix *dZ, gsl_vector *db) {
    size_t i;
    gsl_vector_set_zero(db);
    for (i = 0; i < dZ->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dZ, i);
        gsl_vector_add(db, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t n = X->size1;
    size_t i, j;
    double scale = 1.0 / (double) n;

    if (n != cache->N || X->size2 != net->D || g->N != n) {
        return 1;
    }

    /* dL/dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < n; i++) {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, scale);

    /* dL/dW2 = p1^T dz2 + 2 reg W2, dL/db2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    bias_backward(g->dz2, g->db2);

    /* dL/dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dL/dz1 : relu gate */
    for (i = 0; i < n; i++) {
        for (j = 0; j < net->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }

    /* dL/dW1 = X^T dz1 + 2 reg W1, dL/db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    bias_backward(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
