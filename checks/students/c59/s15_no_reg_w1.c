/* backward.c -- backward pass of the 2-layer net
 *
 * dp1 rows with ddot on row views; the rest are plain loops over
 * static 2-D arrays.
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N 64
#define MAX_D 32
#define MAX_H 64
#define MAX_C 16

static double dout[MAX_N][MAX_C];   /* dz2 */
static double dhid[MAX_N][MAX_H];   /* dz1 */
static uint8_t fired[MAX_N][MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    size_t i, j, k;
    double acc;

    if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C) {
        return -1;
    }

    /* dz2 = (P - Y) / N */
    for (i = n; i-- > 0;) {
        for (k = c; k-- > 0;) {
            dout[i][k] = (gsl_matrix_get(cache->prob, i, k) - (double)(k == y[i])) / (double)n;
            gsl_matrix_set(g->dz2, i, k, dout[i][k]);
        }
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = h; j-- > 0;) {
        for (k = c; k-- > 0;) {
            acc = 0.0;
            for (i = n; i-- > 0;) {
                acc += gsl_matrix_get(cache->p1, i, j) * dout[i][k];
            }
            gsl_matrix_set(g->dW2, j, k, acc + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2 */
    for (k = c; k-- > 0;) {
        acc = 0.0;
        for (i = n; i-- > 0;) {
            acc += dout[i][k];
        }
        gsl_vector_set(g->db2, k, acc);
    }

    /* dp1[i][j] = dz2 row i . W2 row j */
    for (i = n; i-- > 0;) {
        gsl_vector_const_view dzr = gsl_matrix_const_row(g->dz2, i);
        for (j = h; j-- > 0;) {
            gsl_vector_const_view wr = gsl_matrix_const_row(net->W2, j);
            gsl_blas_ddot(&dzr.vector, &wr.vector, &acc);
            gsl_matrix_set(g->dp1, i, j, acc);
        }
    }

    /* dz1 */
    for (i = n; i-- > 0;) {
        for (j = h; j-- > 0;) {
            fired[i][j] = (uint8_t)(gsl_matrix_get(cache->z1, i, j) > 0.0);
            dhid[i][j] = fired[i][j] ? gsl_matrix_get(g->dp1, i, j) : 0.0;
            gsl_matrix_set(g->dz1, i, j, dhid[i][j]);
        }
    }

    /* dW1 = X^T dz1 */
    for (k = d; k-- > 0;) {
        for (j = h; j-- > 0;) {
            acc = 0.0;
            for (i = n; i-- > 0;) {
                acc += gsl_matrix_get(X, i, k) * dhid[i][j];
            }
            gsl_matrix_set(g->dW1, k, j, acc);
        }
    }

    /* db1 */
    for (j = h; j-- > 0;) {
        acc = 0.0;
        for (i = n; i-- > 0;) {
            acc += dhid[i][j];
        }
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
