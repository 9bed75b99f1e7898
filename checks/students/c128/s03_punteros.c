/* backward.c  --  retropropagacion, version "rapida" con punteros.
 *
 * Accedo directamente a ->data usando tda (el salto entre filas), como
 * explico el ayudante en la clase del martes.  Las funciones auxiliares
 * estan arriba para no repetir codigo.
 *
 * Autora: Camila Fuentes Araya
 */

#include "backprop/net.h"
#include "backprop/grads.h"

#define ELEM(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* salida = A' B + alfa * W   (A es n x a, B es n x b, salida es a x b) */
static void
transpuesta_por (const gsl_matrix *A, const gsl_matrix *B,
                 double alfa, const gsl_matrix *W, gsl_matrix *salida)
{
  size_t n = A->size1, a = A->size2, b = B->size2;
  size_t i, j, k;

  for (i = 0; i < a; i++)
    for (j = 0; j < b; j++)
      {
        double acum = alfa * ELEM (W, i, j);
        for (k = 0; k < n; k++)
          acum += ELEM (A, k, i) * ELEM (B, k, j);
        ELEM (salida, i, j) = acum;
      }
}

/* suma de las columnas de M en el vector v */
static void
suma_columnas (const gsl_matrix *M, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < M->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < M->size1; i++)
        s += ELEM (M, i, j);
      v->data[j * v->stride] = s;
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  const double invN = 1.0 / (double) N;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* gradiente de los puntajes */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      ELEM (g->dz2, i, k) = (ELEM (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) * invN;

  transpuesta_por (cache->p1, g->dz2, 2.0 * reg, net->W2, g->dW2);
  suma_columnas (g->dz2, g->db2);

  /* dp1 = dz2 W2'  y de paso dz1 con la mascara de la ReLU */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += ELEM (g->dz2, i, k) * ELEM (net->W2, j, k);
        ELEM (g->dp1, i, j) = s;
        ELEM (g->dz1, i, j) = ELEM (cache->z1, i, j) > 0.0 ? s : 0.0;
      }

  transpuesta_por (X, g->dz1, 2.0 * reg, net->W1, g->dW1);
  suma_columnas (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
