/* HW3 backward.  Y = one-hot(y), (n,k).
 * G = (P - Y)/n, then the two affine layers and the relu. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t n = X->size1, h = net->H, k = net->C, i, j;
    gsl_matrix *Y = gsl_matrix_calloc(n, k);
    gsl_matrix *G = g->dz2;
    gsl_vector *o = gsl_vector_alloc(n);

    if (!Y || !o) {
        gsl_matrix_free(Y); gsl_vector_free(o);
        return 1;
    }
    for (i = 0; i < n; i++) gsl_matrix_set(Y, i, y[i], 1.0);
    gsl_vector_set_all(o, 1.0);

    /* G = (P - Y)/n */
    gsl_matrix_memcpy(G, cache->prob);
    gsl_matrix_sub(G, Y);

    /* layer 2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2.0*reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, G, o, 0.0, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    /* layer 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0*reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, o, 0.0, g->db1);

    gsl_matrix_free(Y);
    gsl_vector_free(o);
    g->present = BP_GRADS_ALL;
    return 0;
}
