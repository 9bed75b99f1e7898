/* Backward pass for the 2-layer net (assignment 2).
 * dz2 = (P - Y)/N ; dW2 = p1^T dz2 + 2 reg W2 ; db2 = sum rows ;
 * dp1 = dz2 W2^T ; dz1 = dp1 * (z1 > 0) ; dW1 = X^T dz1 + 2 reg W1 ; db1 = sum rows
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        const double *col = A->data + j;
        double s = 0.0;
        for (i = 0; i < A->size1; i++, col += A->tda)
            s += *col;
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C, D = net->D;
    const double scale = 1.0 / (double)N;
    size_t i, j, k;

    if (N != cache->N || N != g->N)
        return 1;

    /* P/N everywhere, then take 1/N off at each label */
    for (i = 0; i < N; i++) {
        const double *p = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++)
            d[k] = scale * p[k];
    }
    for (i = 0; i < N; i++)
        g->dz2->data[y[i]] -= scale;

    /* dW2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0.0;
            const double *p = cache->p1->data + j, *d = g->dz2->data + k;
            for (i = 0; i < N; i++, p += cache->p1->tda, d += g->dz2->tda)
                s += *p * *d;
            g->dW2->data[j * g->dW2->tda + k] = s + 2.0 * reg * net->W2->data[j * net->W2->tda + k];
        }
    sum_rows(g->dz2, g->db2);

    /* dp1 and dz1 */
    for (i = 0; i < N; i++) {
        const double *d = g->dz2->data + i * g->dz2->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *dp = g->dp1->data + i * g->dp1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            const double *w = net->W2->data + j * net->W2->tda;
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += d[k] * w[k];
            dp[j] = s;
            dz[j] = z[j] > 0.0 ? s : 0.0;
        }
    }

    /* dW1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            const double *x = X->data + k, *d = g->dz1->data + j;
            for (i = 0; i < N; i++, x += X->tda, d += g->dz1->tda)
                s += *x * *d;
            g->dW1->data[k * g->dW1->tda + j] = s + 2.0 * reg * net->W1->data[k * net->W1->tda + j];
        }
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
