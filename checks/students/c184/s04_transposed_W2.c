/* backward.c  --  my backward pass for gradcheck / nntrain
 *
 * W2 is transposed once per call into a static C x H copy so that dp1 is
 * a plain NoTrans/NoTrans product (I read that this is faster, not sure it
 * matters at these sizes).  Everything else is written straight into g.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(m, i, j)     gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *W2t;          /* C x H, refreshed every call */
static gsl_vector *onesN;        /* N ones */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1, H = net->H, C = net->C;
    size_t n, h;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    if (!W2t || W2t->size1 != C || W2t->size2 != H) {
        gsl_matrix_free(W2t);
        W2t = gsl_matrix_alloc(C, H);
    }
    if (!onesN || onesN->size != N) {
        gsl_vector_free(onesN);
        onesN = gsl_vector_alloc(N);
        gsl_vector_set_all(onesN, 1.0);
    }
    gsl_matrix_transpose_memcpy(W2t, net->W2);

    /* softmax + cross entropy */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        SET(g->dz2, n, y[n], GET(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* second layer params; 2*reg because the loss has reg*|W|^2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, onesN, 0.0, g->db2);

    /* back into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2t, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            if (!(GET(cache->z1, n, h) > 0.0))
                SET(g->dz1, n, h, 0.0);

    /* first layer params */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, onesN, 0.0, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
