// backward pass, loop over layers
// grads for layer l:  dW = A^T dZ + reg*W,  db = sum dZ,  dA_prev = dZ W^T

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const gsl_matrix *W[] = { net->W1, net->W2 };
    const gsl_matrix *A[] = { X, cache->p1, NULL };
    const gsl_matrix *Z[] = { cache->z1, cache->z2 };
    gsl_matrix *dW[] = { g->dW1, g->dW2 };
    gsl_vector *db[] = { g->db1, g->db2 };
    gsl_matrix *dZ[] = { g->dz1, g->dz2 };
    int L = 2, l;
    size_t N = X->size1, n, k;
    gsl_vector *ones;

    // dZ2 = (probs - y) / N
    gsl_matrix_memcpy(dZ[1], cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(dZ[1], n, y[n], gsl_matrix_get(dZ[1], n, y[n]) - 1.0);
    gsl_matrix_scale(dZ[1], 1.0 / N);

    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    for (l = L - 1; l >= 0; l--) {
        gsl_matrix_memcpy(dW[l], W[l]);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A[l], dZ[l], reg, dW[l]);
        gsl_blas_dgemv(CblasTrans, 1.0, dZ[l], ones, 0.0, db[l]);

        if (l == 0) break;

        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ[l], W[l], 0.0, g->dp1);
        for (n = 0; n < N; n++)
            for (k = 0; k < g->dp1->size2; k++) {
                double m = gsl_matrix_get(Z[l-1], n, k) > 0 ? 1.0 : 0.0;
                gsl_matrix_set(dZ[l-1], n, k, m * gsl_matrix_get(g->dp1, n, k));
            }
    }

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
