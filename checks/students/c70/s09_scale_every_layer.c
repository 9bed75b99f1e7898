// Backprop, looping over layers (top to bottom).
// The 1/N of the mean loss is applied per layer on dZ, so every layer's
// dW and db come out averaged over the batch.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const int L = 2;
    const gsl_matrix *W[2] = { net->W1, net->W2 };
    const gsl_matrix *A[2] = { X, cache->p1 };
    const gsl_matrix *Z[2] = { cache->z1, cache->z2 };
    gsl_matrix *dW[2] = { g->dW1, g->dW2 };
    gsl_vector *db[2] = { g->db1, g->db2 };
    gsl_matrix *dZ[2] = { g->dz1, g->dz2 };
    double invN = 1.0 / X->size1;
    size_t i, j;
    int l;

    // softmax - onehot
    gsl_matrix_memcpy(dZ[L-1], cache->prob);
    for (i = 0; i < X->size1; i++)
        *gsl_matrix_ptr(dZ[L-1], i, y[i]) -= 1.0;

    for (l = L - 1; l >= 0; l--) {
        gsl_matrix_scale(dZ[l], invN);               // mean over the batch

        gsl_matrix_memcpy(dW[l], W[l]);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A[l], dZ[l], 2.0*reg, dW[l]);

        gsl_vector_set_zero(db[l]);
        for (i = 0; i < dZ[l]->size1; i++) {
            gsl_vector_const_view r = gsl_matrix_const_row(dZ[l], i);
            gsl_vector_add(db[l], &r.vector);
        }

        if (l >= 1) {
            gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ[l], W[l], 0.0, dZ[l-1]);
            if (l == 1) gsl_matrix_memcpy(g->dp1, dZ[l-1]);
            for (i = 0; i < dZ[l-1]->size1; i++)
                for (j = 0; j < dZ[l-1]->size2; j++)
                    if (gsl_matrix_get(Z[l-1], i, j) <= 0)
                        gsl_matrix_set(dZ[l-1], i, j, 0);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
