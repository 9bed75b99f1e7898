/* backward.c -- Tarea 2: red neuronal de dos capas, paso hacia atras
 * Alumno: Diego Ramirez Otero   (grupo B, martes)
 *
 * Recalculo el softmax a partir de z2 (restando el maximo de cada fila)
 * en vez de usar cache->prob, asi lo tengo todo en un mismo sitio.
 * Compilar:  cc -shared -fPIC $(pkg-config --cflags backprop) -o backward.so backward.c
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* suma por columnas:  v[j] = sum_i A[i][j] */
static void
suma_columnas (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

/* softmax estable, fila por fila: P = softmax(Z) */
static void
softmax_filas (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    {
      double maximo = gsl_matrix_get (Z, i, 0);
      double total = 0.0;
      for (j = 1; j < Z->size2; j++)
        if (gsl_matrix_get (Z, i, j) > maximo)
          maximo = gsl_matrix_get (Z, i, j);
      for (j = 0; j < Z->size2; j++)
        {
          double e = exp (gsl_matrix_get (Z, i, j) - maximo);
          gsl_matrix_set (P, i, j, e);
          total += e;
        }
      for (j = 0; j < Z->size2; j++)
        gsl_matrix_set (P, i, j, gsl_matrix_get (P, i, j) / total);
    }
}

/* W_grad += 2 * reg * W   (la derivada de reg * ||W||^2) */
static void
sumar_regularizacion (gsl_matrix *W_grad, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (W_grad, i, j,
                      gsl_matrix_get (W_grad, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1;          /* numero de muestras */
  size_t i, j;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  /* 1. gradiente_salida = (softmax(z2) - onehot(y)) / m */
  softmax_filas (cache->z2, g->dz2);
  for (i = 0; i < m; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) m);

  /* 2. dW2 = p1^T * dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  sumar_regularizacion (g->dW2, net->W2, reg);

  /* 3. db2 = suma de las filas de dz2 (una entrada por clase) */
  suma_columnas (g->dz2, g->db2);

  /* 4. dp1 = dz2 * W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1: la ReLU deja pasar solo donde z1 > 0 */
  for (i = 0; i < m; i++)
    for (j = 0; j < net->H; j++)
      {
        double v = 0.0;
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          v = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, v);
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  sumar_regularizacion (g->dW1, net->W1, reg);

  /* 7. db1 */
  suma_columnas (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
