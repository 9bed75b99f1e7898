/* lab3 backward -- dz2 straight on ->data, the rest with ddot of views */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;
    double inv_n = 1.0 / (double)N;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = (prob - 1[y]) / N   (row i starts at data + i*tda) */
    for (i = 0; i < N; i++) {
        const double *p = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++)
            d[k] = (p[k] - (k == y[i])) * inv_n;
    }

    /* dW2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            gsl_vector_const_view a = gsl_matrix_const_column(cache->p1, j);
            gsl_vector_view b = gsl_matrix_column(g->dz2, k);
            gsl_blas_ddot(&a.vector, &b.vector, &s);
            gsl_matrix_set(g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2 */
    for (k = 0; k < C; k++) {
        gsl_vector_view b = gsl_matrix_column(g->dz2, k);
        gsl_vector_set(g->db2, k, gsl_vector_sum(&b.vector));
    }

    /* dp1 */
    for (i = 0; i < N; i++) {
        gsl_vector_view a = gsl_matrix_row(g->dz2, i);
        for (j = 0; j < H; j++) {
            gsl_vector_const_view b = gsl_matrix_const_row(net->W2, j);
            gsl_blas_ddot(&a.vector, &b.vector, &s);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* dz1 */
    for (i = 0; i < N; i++) {
        const double *z = cache->z1->data + i * cache->z1->tda;
        const double *dp = g->dp1->data + i * g->dp1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++)
            dz[j] = z[j] > 0.0 ? dp[j] : 0.0;
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            gsl_vector_const_view a = gsl_matrix_const_column(X, k);
            gsl_vector_const_view b = gsl_matrix_const_column(cache->z1, j);
            gsl_blas_ddot(&a.vector, &b.vector, &s);
            gsl_matrix_set(g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        gsl_vector_view b = gsl_matrix_column(g->dz1, j);
        gsl_vector_set(g->db1, j, gsl_vector_sum(&b.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
