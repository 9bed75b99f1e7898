/* backward.c -- Sofia Russo, ML course, HW 2
 *
 * I keep the "per-sample" gradients unscaled in my own matrices (the sum
 * over the batch), and only take the mean over the batch when I store
 * them.  The softmax is recomputed here from the scores.
 *
 * helpers: col_mean() averages the rows of a matrix (the bias gradients).
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = mean of the rows of M, i.e. sum_i M[i][.] / (number of rows) */
static void col_mean(const gsl_matrix *M, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < M->size2; j++) {
        double s = 0.0;
        for (i = 0; i < M->size1; i++)
            s += gsl_matrix_get(M, i, j);
        gsl_vector_set(out, j, s / (double) M->size2);
    }
}

/* dst = src / n */
static void store_mean(gsl_matrix *dst, const gsl_matrix *src, size_t n)
{
    gsl_matrix_memcpy(dst, src);
    gsl_matrix_scale(dst, 1.0 / (double) n);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, c;
    gsl_matrix *dsc = gsl_matrix_alloc(N, C);   /* probs - onehot, per sample */
    gsl_matrix *dpre = gsl_matrix_alloc(N, H);  /* back through W2 and the relu */

    /* softmax of z2 */
    for (i = 0; i < N; i++) {
        double m = gsl_matrix_get(cache->z2, i, 0), tot = 0.0;
        for (c = 1; c < C; c++)
            m = fmax(m, gsl_matrix_get(cache->z2, i, c));
        for (c = 0; c < C; c++) {
            double e = exp(gsl_matrix_get(cache->z2, i, c) - m);
            gsl_matrix_set(dsc, i, c, e);
            tot += e;
        }
        for (c = 0; c < C; c++)
            gsl_matrix_set(dsc, i, c, gsl_matrix_get(dsc, i, c) / tot);
        gsl_matrix_set(dsc, i, y[i], gsl_matrix_get(dsc, i, y[i]) - 1.0);
    }
    store_mean(g->dz2, dsc, N);

    /* output layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0 / N, cache->p1, dsc, 2.0 * reg, g->dW2);
    col_mean(dsc, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dsc, net->W2, 0.0, dpre);
    store_mean(g->dp1, dpre, N);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0.0))
                gsl_matrix_set(dpre, i, j, 0.0);
    store_mean(g->dz1, dpre, N);

    /* input layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0 / N, X, dpre, 2.0 * reg, g->dW1);
    col_mean(dpre, g->db1);

    gsl_matrix_free(dsc);
    gsl_matrix_free(dpre);
    g->present = BP_GRADS_ALL;
    return 0;
}
