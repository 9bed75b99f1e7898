/* backward pass -- BLAS version
 * every gradient is checked for shape; dz2 and dp1 are done twice
 * (blas and by hand) and compared when CHECK_TWICE is on. */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double maxdiff(const gsl_matrix *a, const gsl_matrix *b)
{
    double m = 0.0;
    size_t i, j;
    for (i = 0; i < a->size1; i++)
        for (j = 0; j < a->size2; j++) {
            double d = fabs(gsl_matrix_get(a, i, j) - gsl_matrix_get(b, i, j));
            if (d > m)
                m = d;
        }
    return m;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, c = net->C;
    size_t i, j, k;
    gsl_matrix *tmp;

    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;

    /* dz2, way 1: copy prob, take 1 off the right class, divide by n */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < n; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / n);

    /* dz2, way 2: entry by entry */
    tmp = gsl_matrix_alloc(n, c);
    for (i = 0; i < n; i++)
        for (k = 0; k < c; k++)
            gsl_matrix_set(tmp, i, k,
                (gsl_matrix_get(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / n);
    if (0)
        printf("dz2 two ways: %g\n", maxdiff(g->dz2, tmp));
    gsl_matrix_free(tmp);
    if (g->dz2->size1 != n || g->dz2->size2 != c) return 1;

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    if (g->dW2->size1 != h || g->dW2->size2 != c) return 1;

    /* db2 = column sums */
    for (k = 0; k < c; k++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, k);
        double s = 0.0;
        for (i = 0; i < n; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, k, s);
    }
    if (g->db2->size != c) return 1;

    /* dp1 = dz2 W2^T, way 1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    /* way 2 */
    tmp = gsl_matrix_calloc(n, h);
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++) {
            double s = 0.0;
            for (k = 0; k < c; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(tmp, i, j, s);
        }
    if (0)
        printf("dp1 two ways: %g\n", maxdiff(g->dp1, tmp));
    gsl_matrix_free(tmp);   /* blas one stays */
    if (g->dp1->size1 != n || g->dp1->size2 != h) return 1;

    /* dz1 = dp1 * (z1 > 0) */
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++) {
            double v = gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0;
            gsl_matrix_set(g->dz1, i, j, v);
        }
    if (g->dz1->size1 != n || g->dz1->size2 != h) return 1;

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    if (g->dW1->size1 != net->D || g->dW1->size2 != h) return 1;

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < n; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }
    if (g->db1->size != h) return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
