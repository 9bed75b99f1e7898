/* backward.c -- Lab 3, backward pass of the two-layer net.
 * Accumulators zeroed with memset instead of loops.  dp1 and the ReLU
 * mask in one pass; dz1 and db1 in one pass; weight gradients through
 * cblas_dgemm (ld = tda) with beta = 2*reg over a copy of the weights. */

#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void copy_matrix(gsl_matrix *dst, const gsl_matrix *src)
{
    size_t r;
    for (r = 0; r < src->size1; r++)
        memcpy(dst->data + r * dst->tda, src->data + r * src->tda,
               src->size2 * sizeof(double));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double inv_n = 1.0 / (double)N;
    const double two_reg = 2.0 * reg;
    double *db1 = g->db1->data, *db2 = g->db2->data;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2, db2 */
    memset(db2, 0, C * sizeof(double));
    for (i = 0; i < N; i++) {
        const double *pr = cache->prob->data + i * cache->prob->tda;
        double *dz = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++) {
            double v = pr[k] * inv_n;
            if (k == y[i])
                v -= inv_n;
            dz[k] = v;
            db2[k] += v;
        }
    }

    /* dW2 */
    copy_matrix(g->dW2, net->W2);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)H, (int)C, (int)N,
                1.0, cache->p1->data, (int)cache->p1->tda,
                g->dz2->data, (int)g->dz2->tda,
                two_reg, g->dW2->data, (int)g->dW2->tda);

    /* dp1 = dz2 W2' and the mask, dz1 and db1 */
    memset(db1, 0, H);
    for (i = 0; i < N; i++) {
        const double *dz = g->dz2->data + i * g->dz2->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *dp = g->dp1->data + i * g->dp1->tda;
        double *dh = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            const double *w = net->W2->data + j * net->W2->tda;
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz[k] * w[k];
            dp[j] = s;
            dh[j] = z[j] > 0.0 ? s : 0.0;
            db1[j] += dh[j];
        }
    }

    /* dW1 */
    copy_matrix(g->dW1, net->W1);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)H, (int)N,
                1.0, X->data, (int)X->tda, g->dz1->data, (int)g->dz1->tda,
                two_reg, g->dW1->data, (int)g->dW1->tda);

    g->present = BP_GRADS_ALL;
    return 0;
}
