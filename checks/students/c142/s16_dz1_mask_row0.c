/* backward pass -- pointer walking version.
 * The N-row matrices are walked with pointers that move by tda after each
 * sample: dz2/db2 in one sweep, dp1/dz1/db1 in the next.  Weights by
 * dgemm. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    const double *pr = cache->prob->data;
    double *dz2 = g->dz2->data;
    size_t i, j, k;

    if (cache->N != N || g->N != N) return 1;

    /* first sweep: output layer */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            dz2[k] = pr[k] / N;
            if (k == y[i]) dz2[k] -= 1.0 / N;
            g->db2->data[k * g->db2->stride] += dz2[k];
        }
        pr += cache->prob->tda;
        dz2 += g->dz2->tda;
    }

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    /* second sweep: hidden layer */
    const double *d2 = g->dz2->data, *z = cache->z1->data;
    double *dp = g->dp1->data, *dz = g->dz1->data;
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            const double *w = net->W2->data + j * net->W2->tda;
            double s = 0;
            for (k = 0; k < C; k++) s += d2[k] * w[k];
            dp[j] = s;
            dz[j] = z[j] > 0 ? s : 0;
            g->db1->data[j * g->db1->stride] += dz[j];
        }
        d2 += g->dz2->tda;
        dp += g->dp1->tda;
        dz += g->dz1->tda;
    }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
