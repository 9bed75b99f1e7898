// Backprop for the 2-layer net (HW3, part 2)
// I go through ->data with the tda so I don't pay for gsl_matrix_get on
// every entry. Scratch arrays are VLAs.
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    if (n != cache->N || X->size2 != d || g->N != n) return 1;

    const double *P = cache->prob->data;   const size_t tp = cache->prob->tda;
    const double *A = cache->p1->data;     const size_t ta = cache->p1->tda;
    const double *Z = cache->z1->data;     const size_t tz = cache->z1->tda;
    const double *W2 = net->W2->data;      const size_t tw2 = net->W2->tda;

    double dz2[n][c], dw2[h][c], db2[c], dp1[n][h], dz1[n][h];

    // dz2
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < c; k++)
            dz2[i][k] = P[i * tp + k] / n;
        dz2[i][y[i]] -= 1.0 / n;
    }

    // dW2 = a1^T dz2 + 2*reg*W2, db2 = colsum dz2
    for (size_t j = 0; j < h; j++)
        for (size_t k = 0; k < c; k++) {
            double s = 2.0 * reg * W2[j * tw2 + k];
            for (size_t i = 0; i < n; i++)
                s += A[i * ta + j] * dz2[i][k];
            dw2[j][k] = s;
        }
    memset(db2, 0, sizeof db2);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c; k++)
            db2[k] += dz2[i][k];

    // dp1 = dz2 W2^T, and dz1 through the relu (a1 > 0 <=> z1 > 0)
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h; j++) {
            double s = 0.0;
            for (size_t k = 0; k < c; k++)
                s += dz2[i][k] * W2[j * tw2 + k];
            dp1[i][j] = s;
            dz1[i][j] = A[i * ta + j] > 0.0 ? s : 0.0;
        }
    (void) Z; (void) tz;

    gsl_matrix_view v_dz2 = gsl_matrix_view_array(&dz2[0][0], n, c);
    gsl_matrix_view v_dw2 = gsl_matrix_view_array(&dw2[0][0], h, c);
    gsl_vector_view v_db2 = gsl_vector_view_array(db2, c);
    gsl_matrix_view v_dp1 = gsl_matrix_view_array(&dp1[0][0], n, h);
    gsl_matrix_view v_dz1 = gsl_matrix_view_array(&dz1[0][0], n, h);
    gsl_matrix_memcpy(g->dz2, &v_dz2.matrix);
    gsl_matrix_memcpy(g->dW2, &v_dw2.matrix);
    gsl_vector_memcpy(g->db2, &v_db2.vector);
    gsl_matrix_memcpy(g->dp1, &v_dp1.matrix);
    gsl_matrix_memcpy(g->dz1, &v_dz1.matrix);

    // dW1 = X^T dz1 + 2*reg*W1 -- this one with BLAS, straight into g
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &v_dz1.matrix,
                   2.0 * reg, g->dW1);

    // db1
    for (size_t j = 0; j < h; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) s += dz1[i][j];
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
