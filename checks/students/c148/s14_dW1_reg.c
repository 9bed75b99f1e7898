/*
 * backward.c -- hw 3, backprop for the 2-layer net.
 *
 * matmul wraps gsl_blas_dgemm with array views so I can call it on
 * plain pointers like the other helpers.
 */
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C(m,n) = A(m,k) B(k,n) */
static void matmul(const double *A, const double *B, double *C, int m, int k, int n)
{
    gsl_matrix_const_view a = gsl_matrix_const_view_array(A, m, k);
    gsl_matrix_const_view b = gsl_matrix_const_view_array(B, k, n);
    gsl_matrix_view c = gsl_matrix_view_array(C, m, n);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &a.matrix, &b.matrix, 0.0, &c.matrix);
}

static void transpose(const double *A, double *T, int m, int n)
{
    int i, j;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            T[j*m + i] = A[i*n + j];
}

static void colsum(const double *A, double *s, int m, int n)
{
    int i, j;
    for (j = 0; j < n; j++)
        s[j] = 0.0;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            s[j] += A[i*n + j];
}

/* y += a*x */
static void add_scaled(double *y, const double *x, double a, int len)
{
    int i;
    for (i = 0; i < len; i++)
        y[i] += a * x[i];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    int i;
    double *T;

    /* dz2 = (probs - 1{y}) / N */
    memcpy(g->dz2->data, cache->prob->data, sizeof(double) * N * C);
    for (i = 0; i < N; i++)
        g->dz2->data[i*C + y[i]] -= 1.0;
    for (i = 0; i < N*C; i++)
        g->dz2->data[i] /= N;

    /* dW2 = p1^T dz2 + d/dW2 (reg*|W2|^2) */
    T = malloc(sizeof(double) * H * N);
    transpose(cache->p1->data, T, N, H);
    matmul(T, g->dz2->data, g->dW2->data, H, N, C);
    free(T);
    add_scaled(g->dW2->data, net->W2->data, 2.0 * reg, H * C);

    colsum(g->dz2->data, g->db2->data, N, C);

    /* dp1 = dz2 W2^T */
    T = malloc(sizeof(double) * C * H);
    transpose(net->W2->data, T, H, C);
    matmul(g->dz2->data, T, g->dp1->data, N, C, H);
    free(T);

    for (i = 0; i < N*H; i++)
        g->dz1->data[i] = cache->z1->data[i] > 0.0 ? g->dp1->data[i] : 0.0;

    /* dW1 = X^T dz1 + reg term */
    T = malloc(sizeof(double) * D * N);
    transpose(X->data, T, N, D);
    matmul(T, g->dz1->data, g->dW1->data, D, N, H);
    free(T);
    add_scaled(g->dW1->data, net->W1->data, reg, D * H);

    colsum(g->dz1->data, g->db1->data, N, H);

    g->present = BP_GRADS_ALL;
    return 0;
}
